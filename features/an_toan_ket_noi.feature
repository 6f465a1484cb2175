# language: vi
@area_an_toan
Tính năng: An toàn kết nối, xác thực và phân quyền
  Kết nối giữa hệ thống QLVB-ĐH và Trục liên thông văn bản quốc gia phải được mã hóa và xác thực.
  Không ai được truy nhập, thay đổi, giả mạo hay hủy trái phép văn bản được trao đổi, hay dùng tài
  khoản, khóa, chứng thư số của người khác. Gói tin độc hại (XXE, bom thực thể, đường dẫn ngược thư
  mục, bom nén) phải bị từ chối rõ ràng mà không làm hệ thống sụp đổ hay rò rỉ dữ liệu.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @sut_nhan @QD28-13.2
  Kịch bản: Mọi yêu cầu của hệ thống gửi lên trục đều được xác thực
    Theo khoản 2 Điều 13 QĐ 28/2018/QĐ-TTg: "Việc kết nối giữa hệ thống quản lý văn bản và điều hành
    của các bộ, ngành, địa phương với Trục liên thông văn bản quốc gia phải được mã hóa, xác thực
    theo tiêu chuẩn về an toàn thông tin". Mỗi lệnh gọi trục (gửi, lấy danh sách, lấy văn bản, báo
    trạng thái) mang chữ ký HMAC hợp lệ của hệ thống.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Và trục chuyển đến hệ thống văn bản "VB2" loại "Công văn" độ khẩn "Thường" từ "Cơ quan B"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB2"
    Và mọi yêu cầu của hệ thống gửi lên trục đạt quy tắc "QD28-13.2"

  @sut_gui @kha_nang_tls_client @QD28-13.2
  Kịch bản: Hệ thống kết nối đến trục qua kênh TLS
    Theo khoản 2 Điều 13 QĐ 28/2018/QĐ-TTg, kết nối với Trục "phải được mã hóa, xác thực". Khi trục
    dùng chứng thư TLS hợp lệ, mọi yêu cầu của hệ thống đi qua kênh mã hóa.
    Cho trục dùng chứng thư TLS "hợp lệ"
    Và hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi chỉ đến đúng "Cơ quan A"
    Và mọi yêu cầu của hệ thống gửi lên trục đạt quy tắc "QD28-13.2"

  @sut_gui @kha_nang_tls_client @QD28-13.2
  Khung kịch bản: Hệ thống không gửi văn bản cho trục có chứng thư TLS "<loai_chung_thu>"
    Theo khoản 2 Điều 13 QĐ 28/2018/QĐ-TTg, kết nối phải được xác thực. Hệ thống phải kiểm tra chứng
    thư của trục và không gửi văn bản cho một máy chủ không xác thực được.
    Cho trục dùng chứng thư TLS "<loai_chung_thu>"
    Và hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì trong vòng 15 phút trục không nhận được gói tin nào từ hệ thống

    Dữ liệu:
      | loai_chung_thu      |
      | tự ký không tin cậy |
      | hết hạn             |
      | sai tên máy chủ     |

  @truc @QD28-13.2 @DN35-5
  Khung kịch bản: Trục từ chối lệnh gọi với thông tin xác thực "<kieu_xac_thuc>"
    Theo khoản 2 Điều 13 QĐ 28/2018/QĐ-TTg kết nối với Trục phải được xác thực; theo khoản 3 Điều 5
    Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, nghiêm cấm "gian lận, mạo nhận, chiếm đoạt hoặc
    sử dụng trái phép tài khoản điện tử, khóa mật mã, chứng thư số của người khác để gửi, nhận văn
    bản điện tử". Trục không trả dữ liệu cho lệnh gọi không xác thực được hoặc không có quyền.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi một bên gọi lệnh "<lenh>" của trục với thông tin xác thực "<kieu_xac_thuc>"
    Thì trục từ chối yêu cầu và ghi lại trong nhật ký

    Dữ liệu:
      | lenh                | kieu_xac_thuc                                                        |
      | getReceivedEdocList | không có chữ ký HMAC                                                 |
      | getEdoc             | chữ ký HMAC sai                                                      |
      | sendEdoc            | hệ thống không đăng ký với trục                                      |
      | getEdoc             | thông tin xác thực của Cơ quan A để đọc văn bản của Cơ quan kiểm thử |

  @sut_nhan @DN35-5
  Kịch bản: Hệ thống chỉ truy nhập văn bản gửi cho chính mình
    Theo khoản 2 Điều 5 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, nghiêm cấm "truy nhập, thay đổi,
    giả mạo, sao chép, tiết lộ, gửi, hủy trái phép một phần hoặc toàn bộ văn bản điện tử được trao
    đổi". Hệ thống chỉ lấy về các văn bản trục gửi cho mã định danh của mình và chỉ báo trạng thái
    cho chúng.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống lấy văn bản "VB1" về và báo trạng thái truyền "done" với trục
    Và mọi yêu cầu của hệ thống gửi lên trục đạt quy tắc "DN35-5"

  @sut_nhan @DN35-5 @DN35-9.3b @QCVN102-STATUS-REASON
  Kịch bản: Văn bản mạo danh Bên gửi bằng chữ ký số của cơ quan khác bị từ chối
    Theo khoản 3 Điều 5 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, nghiêm cấm "mạo nhận ... hoặc
    sử dụng trái phép ... chứng thư số của người khác để gửi, nhận văn bản điện tử"; điểm b khoản 3
    Điều 9 yêu cầu cơ quan ban hành dùng chữ ký số của chính mình. Chữ ký số của cơ quan trên văn bản
    phải là của Bên gửi ghi trong gói tin.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "chữ ký số của cơ quan khác Bên gửi" trái quy tắc "DN35-9.3b"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

  @sut_nhan @QCVN102-XMLSEC @QCVN102-ATTACHMENT-NAME @QCVN102-LIMITS @DN35-5
  Khung kịch bản: Gói tin độc hại (<loai_loi>) bị từ chối mà không gây hư hại
    QCVN 102:2016/BTTTT không cần khai báo DTD hay thực thể, tên tệp đính kèm là tên tệp đơn, và gói
    tin có giới hạn kích thước. Bộ đọc mở rộng thực thể, ghi tệp theo đường dẫn trong gói tin hay
    giải nén không giới hạn sẽ bị tấn công XXE, ghi đè tệp hay cạn bộ nhớ, trái với khoản 2 Điều 5
    Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông (nghiêm cấm truy nhập, thay đổi, hủy trái phép).
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB0" do "Cơ quan B" gửi
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Thì trong vòng 15 phút hệ thống từ chối văn bản "VB1" bằng phản hồi "02" hoặc trạng thái truyền "fail"
    Và hồ sơ của hệ thống về văn bản "VB0" không thay đổi
    Và hệ thống vẫn xử lý bình thường một văn bản hợp lệ chuyển đến sau đó

    Dữ liệu:
      | loai_loi                                       | ma_quy_tac              |
      | khai báo DOCTYPE và thực thể ngoài             | QCVN102-XMLSEC          |
      | bom thực thể XML                               | QCVN102-XMLSEC          |
      | tên tệp đính kèm chứa đường dẫn ngược thư mục  | QCVN102-ATTACHMENT-NAME |
      | tệp ZIP đính kèm là bom nén                    | QCVN102-LIMITS          |
      | gói tin vượt giới hạn kích thước               | QCVN102-LIMITS          |

  @sut_gui @QCVN102-XMLSEC @QCVN102-ATTACHMENT-NAME @QCVN102-LIMITS
  Kịch bản: Gói tin hệ thống gửi đi không mang khai báo DTD, tên tệp nguy hiểm hay kích thước vượt giới hạn
    Để Bên nhận đọc an toàn, gói tin gửi đi không có khai báo DOCTYPE hay thực thể, tên tệp đính kèm
    là tên tệp đơn (không có "..", đường dẫn tuyệt đối, dấu "\" hay ký tự điều khiển) và gói tin nằm
    trong giới hạn kích thước.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Báo cáo" kèm 2 tệp đính kèm "pdf" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QCVN102-XMLSEC"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ATTACHMENT-NAME"
    Và gói tin gửi đi đạt quy tắc "QCVN102-LIMITS"

  @sut_gui @LC2019-5.2
  Kịch bản: Văn bản mang dấu chỉ độ mật không được gửi qua Trục
    Theo khoản 2 Điều 5 Quy chế tỉnh Lào Cai (2019), văn bản điện tử phải được gửi, nhận qua hệ thống
    QLVB-ĐH, "trừ các văn bản có nội dung thuộc bí mật nhà nước theo quy định của pháp luật, các đơn
    thư tranh chấp, khiếu nại, tố cáo". Hệ thống không được đưa văn bản mang dấu chỉ độ mật lên Trục.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" theo mẫu "có dấu chỉ độ mật" gửi đến "Cơ quan A"
    Thì trong vòng 15 phút trục không nhận được gói tin nào từ hệ thống

  @sut_nhan @LC2019-5.2 @QCVN102-STATUS-REASON
  Kịch bản: Văn bản đến mang dấu chỉ độ mật bị từ chối kèm lý do
    Theo khoản 2 Điều 5 Quy chế tỉnh Lào Cai (2019), văn bản có nội dung thuộc bí mật nhà nước không
    gửi, nhận qua hệ thống QLVB-ĐH. Bên nhận phản hồi để Bên gửi chuyển văn bản theo đường mật.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "văn bản có dấu chỉ độ mật" trái quy tắc "LC2019-5.2"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
