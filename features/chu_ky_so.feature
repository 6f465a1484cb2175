# language: vi
@area_chu_ky_so
Tính năng: Chữ ký số: giá trị pháp lý, tính xác thực và toàn vẹn của văn bản
  Văn bản điện tử chỉ có giá trị pháp lý tương đương văn bản giấy khi được ký số theo quy định.
  Các kịch bản kiểm tra chữ ký số trên văn bản hệ thống được kiểm thử phát hành (vai trò người ký,
  chuỗi chứng thư, thuật toán, dấu thời gian, phạm vi ký) và việc hệ thống từ chối văn bản đến có
  chữ ký số không hợp lệ.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @LC2019-6.2 @DN35-9.3b
  Kịch bản: Văn bản ký số hoàn toàn trên môi trường mạng có cả chữ ký của người có thẩm quyền và của cơ quan
    Theo khoản 2 Điều 6 Quy chế tỉnh Lào Cai (2019): văn bản điện tử được ký số hoàn toàn trên môi
    trường mạng "phải có đồng thời chữ ký số của người có thẩm quyền, chữ ký số của tổ chức ban
    hành văn bản". Theo điểm b khoản 3 Điều 9 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông: "Cơ
    quan nhà nước đã được cấp chứng thư số hợp lệ phải sử dụng chữ ký số để xác nhận văn bản điện
    tử cuối cùng trước khi chính thức ban hành".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "người có thẩm quyền"
    Và tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "cơ quan ban hành"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.2"
    Và gói tin gửi đi đạt quy tắc "DN35-9.3b"

  @sut_gui @LC2019-6.1a @LC2019-6.1d
  Kịch bản: Chữ ký số dùng chứng thư số chuyên dùng Chính phủ và đúng định dạng của Bộ Thông tin và Truyền thông
    Theo khoản 1 Điều 6 Quy chế tỉnh Lào Cai (2019), văn bản điện tử đã ký số được coi là hợp lệ
    khi, trong đó: a) "Sử dụng chữ ký số chuyên dùng Chính phủ ... để ký số xác thực văn bản điện
    tử"; d) "Đáp ứng các quy định, định dạng của Bộ Thông tin và Truyền thông tại Thông tư số
    41/2017/TT-BTTTT ... và Thông tư số 39/2017/TT-BTTTT". Mọi chuỗi chứng thư phải kết thúc ở một
    chứng thư gốc tin cậy khai trong hồ sơ hệ thống được kiểm thử.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "LC2019-6.1a"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.1d"

  @sut_gui @LC2019-6.1d @TT41-PDF @TT41-CERT-VALIDITY @TT41-REVOCATION @TT41-KEY-USAGE @TT41-ALGORITHM @TT41-RSA-PADDING @TT41-TIMESTAMP @TT41-COVERAGE @TT41-SIGNING-TIME
  Khung kịch bản: Chữ ký số trên văn bản gửi đi: <yeu_cau>
    Thông tư 41/2017/TT-BTTTT quy định sử dụng chữ ký số cho văn bản điện tử trong cơ quan nhà
    nước; các yêu cầu kỹ thuật kiểm tra chữ ký số (Phụ lục TT 15/2025/TT-BKHCN) gồm: tệp ký số đọc
    được, chứng thư còn hiệu lực và không bị thu hồi tại thời điểm ký, đúng mục đích sử dụng khóa,
    thuật toán đủ mạnh, có dấu thời gian, chữ ký cuối bao phủ toàn bộ tệp, thời gian ký theo giờ
    Việt Nam. Kịch bản này kiểm tra từng yêu cầu: <yeu_cau>.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "<ma_quy_tac>"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.1d"

    Dữ liệu:
      | ma_quy_tac         | yeu_cau                                                                   |
      | TT41-PDF           | tệp ký số là PDF đọc được, không mã hóa                                  |
      | TT41-CERT-VALIDITY | thời điểm ký nằm trong thời hạn hiệu lực của chứng thư số                 |
      | TT41-REVOCATION    | chứng thư số không bị thu hồi, tạm dừng tại thời điểm ký                  |
      | TT41-KEY-USAGE     | chứng thư số có mục đích sử dụng khóa để ký                               |
      | TT41-ALGORITHM     | băm SHA-256 trở lên, khóa RSA từ 2048 bit hoặc ECDSA từ 256 bit           |
      | TT41-RSA-PADDING   | lược đồ chữ ký RSA được ghi nhận                                          |
      | TT41-TIMESTAMP     | chữ ký có dấu thời gian hợp lệ                                            |
      | TT41-COVERAGE      | chữ ký cuối cùng bao phủ toàn bộ tệp                                      |
      | TT41-SIGNING-TIME  | thời gian ký ghi theo giờ Việt Nam và khớp với dấu thời gian              |

  @sut_gui @LC2019-9.2a
  Kịch bản: Văn thư chỉ điền số, ngày tháng năm vào văn bản đã được người có thẩm quyền ký số
    Theo điểm a khoản 2 Điều 9 Quy chế tỉnh Lào Cai (2019), văn thư Bên gửi "cấp số, ngày, tháng,
    năm vào dự thảo văn bản đã được ký số của người có thẩm quyền ký ban hành văn bản". Giữa chữ
    ký của người có thẩm quyền và chữ ký của cơ quan, tệp chỉ được thay đổi ở phần số và ngày
    tháng năm.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "người có thẩm quyền"
    Và tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "cơ quan ban hành"
    Và gói tin gửi đi đạt quy tắc "LC2019-9.2a"

  @sut_gui @KH2364-1 @QD28-10.2i
  Kịch bản: Người có thẩm quyền ký bằng chứng thư số cá nhân của chính mình
    Theo mục 1 Công văn 2364/UBND-KSTT tỉnh Khánh Hòa, lãnh đạo "trực tiếp sử dụng chữ ký số cá
    nhân để phê duyệt hồ sơ, văn bản điện tử", "chấm dứt ngay tình trạng ủy quyền hoặc giao chứng
    thư số cá nhân cho cán bộ cấp dưới hoặc cán bộ Văn thư sử dụng". Chứng thư số của chữ ký người
    có thẩm quyền phải mang tên người ký ghi trong gói tin (điểm i khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có đủ trường "SignerInfo/FullName, SignerInfo/Position"
    Và gói tin gửi đi đạt quy tắc "KH2364-1"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2i"

  @sut_gui @QD28-4.1 @QD28-4.2 @QD28-6.1
  Kịch bản: Văn bản gửi đi được ký số đúng quy định nên có giá trị pháp lý tương đương văn bản giấy
    Theo khoản 1 Điều 4 QĐ 28/2018/QĐ-TTg: "Văn bản điện tử đã ký số theo quy định của pháp luật
    được gửi, nhận qua hệ thống quản lý văn bản và điều hành ... có giá trị pháp lý tương đương văn
    bản giấy và thay cho việc gửi, nhận văn bản giấy"; văn bản không thuộc khoản 1 chỉ "có giá trị để
    biết, tham khảo" (khoản 2). Theo khoản 1 Điều 6, văn bản điện tử "phải được bảo đảm tính xác
    thực về nguồn gốc, sự toàn vẹn".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QD28-4.1"
    Và gói tin gửi đi đạt quy tắc "QD28-4.2"
    Và gói tin gửi đi đạt quy tắc "QD28-6.1"

  @sut_gui @QCVN102-XMLDSIG
  Kịch bản: Chữ ký XML của gói tin gửi đi, nếu có, kiểm tra được
    QCVN 102:2016/BTTTT cho phép gói tin mang chữ ký XML (Signature) trong phần đầu gói tin. Nếu có,
    chữ ký đó phải kiểm tra được và khớp với nội dung gói tin; chữ ký do trục chuyển tiếp làm biến
    đổi được báo là không kết luận được chứ không phải là lỗi.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QCVN102-XMLDSIG"

  @sut_nhan @QD28-9.1 @QD28-6.1 @LC2019-7.1a @QCVN102-STATUS-REASON @LC2019-6.1a @LC2019-6.1d @LC2019-6.2 @TT41-PDF @TT41-CERT-VALIDITY @TT41-REVOCATION @TT41-KEY-USAGE @TT41-ALGORITHM @TT41-COVERAGE @QCVN102-XMLDSIG
  Khung kịch bản: Văn bản đến có chữ ký số không bảo đảm (<loai_loi>) bị từ chối kèm lý do
    Theo khoản 1 Điều 9 QĐ 28/2018/QĐ-TTg, trước khi tiếp nhận Bên nhận "phải kiểm tra tính đầy
    đủ, toàn vẹn, tính xác thực của văn bản điện tử"; theo khoản 1 Điều 6, văn bản phải được bảo
    đảm "tính xác thực về nguồn gốc, sự toàn vẹn". Điểm a khoản 1 Điều 7 Quy chế tỉnh Lào Cai
    (2019) giao văn thư Bên nhận kiểm tra các yêu cầu này; chữ ký sai, chứng thư không tin cậy,
    hết hạn, bị thu hồi hay tệp bị sửa sau khi ký đều làm văn bản không hợp lệ.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "từ chối nhận"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

    Dữ liệu:
      | loai_loi                                         | ma_quy_tac         |
      | chữ ký số không hợp lệ                           | LC2019-6.1d        |
      | tệp PDF bị sửa sau khi ký                        | TT41-COVERAGE      |
      | chứng thư số không thuộc CA chuyên dùng Chính phủ | LC2019-6.1a        |
      | chứng thư số hết hạn khi ký                      | TT41-CERT-VALIDITY |
      | chứng thư số đã bị thu hồi                       | TT41-REVOCATION    |
      | chứng thư số không có mục đích ký                | TT41-KEY-USAGE     |
      | chữ ký dùng thuật toán băm SHA-1                 | TT41-ALGORITHM     |
      | tệp PDF bị mã hóa                                | TT41-PDF           |
      | chỉ có chữ ký của người có thẩm quyền            | LC2019-6.2         |
      | chữ ký XML của gói tin không khớp nội dung       | QCVN102-XMLDSIG    |

  @sut_nhan @QD28-4.2 @VP11796-1g @DN35-9.3b @QCVN102-STATUS-REASON
  Kịch bản: Văn bản đến không có chữ ký số không được tiếp nhận như văn bản có giá trị pháp lý
    Theo khoản 2 Điều 4 QĐ 28/2018/QĐ-TTg, văn bản điện tử không ký số theo quy định "có giá trị để
    biết, tham khảo, không thay cho việc gửi, nhận văn bản giấy". Điểm g mục 1 Công văn
    11796/VPCP-KSTT yêu cầu 100% văn bản trên Trục "phải được tích hợp chữ ký số"; Bên nhận từ
    chối văn bản không ký số và nêu lý do để Bên gửi ký số rồi gửi lại.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "thiếu chữ ký số" trái quy tắc "QD28-4.2"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

  @sut_nhan @QD28-4.1 @QD28-9.1
  Kịch bản: Văn bản đến ký số hợp lệ được tiếp nhận với giá trị pháp lý tương đương văn bản giấy
    Theo khoản 1 Điều 4 QĐ 28/2018/QĐ-TTg, văn bản điện tử đã ký số theo quy định "có giá trị pháp
    lý tương đương văn bản giấy và thay cho việc gửi, nhận văn bản giấy". Việc kiểm tra của Bên
    nhận (khoản 1 Điều 9) không được từ chối nhầm một văn bản hợp lệ.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Quyết định" độ khẩn "Thường" từ "Cơ quan A"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "giá trị pháp lý" là "tương đương văn bản giấy"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "02" cho văn bản "VB1"
