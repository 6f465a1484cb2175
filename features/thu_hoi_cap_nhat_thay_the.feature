# language: vi
@area_thu_hoi
Tính năng: Thu hồi, cập nhật, đính chính và thay thế văn bản đã gửi
  Bên gửi thu hồi văn bản đã gửi bằng cách thông báo trên hệ thống cho Bên nhận biết; Bên nhận hủy
  bỏ văn bản được thu hồi và thông báo lại việc đã xử lý. QCVN 102:2016/BTTTT thể hiện việc này bằng
  gói tin trạng thái 13 hoặc gói tin nghiệp vụ (1 thu hồi, 2 cập nhật, 3 thay thế) kèm lý do; Bên
  nhận trả lời 15 (đồng ý) hoặc 16 (từ chối, kèm lý do).

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @kha_nang_thu_hoi @QD28-8.2 @LC2019-9.4
  Kịch bản: Bên gửi thu hồi văn bản và thông báo cho mọi Bên nhận
    Theo khoản 2 Điều 8 QĐ 28/2018/QĐ-TTg: "Bên gửi có trách nhiệm kiểm tra, theo dõi, bảo đảm văn
    bản điện tử được gửi đến đúng Bên nhận. Trường hợp thu hồi văn bản điện tử, Bên gửi phải thông
    báo trên hệ thống quản lý văn bản và điều hành cho Bên nhận biết để xử lý văn bản điện tử được
    thu hồi". Khoản 4 Điều 9 Quy chế tỉnh Lào Cai (2019) giao việc này cho văn thư Bên gửi.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A, Cơ quan B"
    Khi hệ thống được kiểm thử thu hồi văn bản "VB1" với lý do "Ban hành nhầm nơi nhận"
    Thì trong vòng 15 phút hệ thống gửi gói tin "thu hồi" cho văn bản "VB1" đến "Cơ quan A, Cơ quan B"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "đã thu hồi"

  @sut_gui @kha_nang_thu_hoi @QD28-8.2 @QCVN102-STATUS-CODE
  Khung kịch bản: Bên gửi ghi nhận trả lời "<ma_trang_thai>" của Bên nhận đối với yêu cầu thu hồi
    Theo khoản 2 Điều 8 QĐ 28/2018/QĐ-TTg, Bên gửi thông báo thu hồi "cho Bên nhận biết để xử lý"
    và theo dõi việc xử lý đó. QCVN 102:2016/BTTTT dùng mã 15 khi Bên nhận đồng ý và mã 16 khi Bên
    nhận từ chối thu hồi (kèm lý do).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Khi hệ thống được kiểm thử thu hồi văn bản "VB1" với lý do "Văn bản ban hành sai thẩm quyền"
    Và "Cơ quan A" gửi phản hồi trạng thái "<ma_trang_thai>" kèm mô tả "<mo_ta>" cho văn bản "VB1"
    Thì hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "<ma_trang_thai>" từ "Cơ quan A"

    Dữ liệu:
      | ma_trang_thai | mo_ta                                             |
      | 15            | Đồng ý thu hồi văn bản                            |
      | 16            | Từ chối thu hồi: văn bản đã được triển khai thực hiện |

  @sut_gui @kha_nang_cap_nhat @QCVN102-BUSINESS
  Kịch bản: Bên gửi bổ sung nơi nhận cho văn bản đã gửi
    QCVN 102:2016/BTTTT (tóm tắt): gói tin nghiệp vụ loại 2 (cập nhật) nêu lý do và danh sách nơi
    nhận thay đổi (ReceiverList, ReceiverType 1 là nơi nhận được thêm). Khoản 2 Điều 8 QĐ
    28/2018/QĐ-TTg giao Bên gửi bảo đảm văn bản được gửi đến đúng Bên nhận.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Thông báo" độ khẩn "Thường" gửi đến "Cơ quan A"
    Khi hệ thống được kiểm thử bổ sung nơi nhận "Cơ quan C" cho văn bản "VB1"
    Thì trong vòng 15 phút hệ thống gửi gói tin "cập nhật" cho văn bản "VB1" đến "Cơ quan A"
    Và gói tin gửi đi có trường "Bussiness/BussinessDocType" là "2"
    Và gói tin gửi đi có đủ trường "Bussiness/BussinessDocReason, Bussiness/BussinessDocumentInfo/ReceiverList/Receiver/OrganId"
    Và gói tin gửi đi đạt quy tắc "QCVN102-BUSINESS"

  @sut_gui @kha_nang_cap_nhat @DN35-12.3 @QCVN102-BUSINESS
  Kịch bản: Bên gửi đính chính văn bản và nêu rõ nội dung đính chính
    Theo khoản 3 Điều 12 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, "đối với việc đính chính văn
    bản điện tử, bên gửi không phải chịu trách nhiệm về lỗi văn bản nếu đã kịp thời thông báo cho
    bên nhận, nêu rõ nội dung cần đính chính hoặc đã mắc phải lỗi gì trong văn bản điện tử". Hệ thống
    phải chuyển nguyên văn nội dung đính chính đến Bên nhận.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Kế hoạch" độ khẩn "Thường" gửi đến "Cơ quan A"
    Khi hệ thống được kiểm thử cập nhật văn bản "VB1" với lý do "Đính chính: thời gian họp là 14 giờ ngày 10/3/2026"
    Thì trong vòng 15 phút hệ thống gửi gói tin "cập nhật" cho văn bản "VB1" đến "Cơ quan A"
    Và gói tin gửi đi có trường "Bussiness/BussinessDocReason" là "Đính chính: thời gian họp là 14 giờ ngày 10/3/2026"
    Và gói tin gửi đi đạt quy tắc "DN35-12.3"
    Và gói tin gửi đi đạt quy tắc "QCVN102-BUSINESS"

  @sut_gui @kha_nang_thay_the @QCVN102-BUSINESS
  Kịch bản: Bên gửi thay thế văn bản đã gửi bằng văn bản mới
    QCVN 102:2016/BTTTT (tóm tắt): gói tin nghiệp vụ loại 3 (thay thế) nêu lý do, mã định danh của
    văn bản bị thay thế và các đơn vị đã nhận văn bản đó (ReplacementInfoList).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A, Cơ quan B"
    Khi hệ thống được kiểm thử thay thế văn bản "VB1" bằng văn bản "VB2" với lý do "Thay thế do sai số liệu tại mục 2"
    Thì trong vòng 15 phút hệ thống gửi gói tin "thay thế" cho văn bản "VB1" đến "Cơ quan A, Cơ quan B"
    Và gói tin gửi đi có trường "Bussiness/BussinessDocType" là "3"
    Và gói tin gửi đi có đủ trường "Bussiness/ReplacementInfoList/ReplacementInfo/DocumentId, Bussiness/ReplacementInfoList/ReplacementInfo/OrganIdList/OrganId"
    Và gói tin gửi đi đạt quy tắc "QCVN102-BUSINESS"

  @sut_nhan @QD28-9.2 @LC2019-7.3 @QCVN102-STATUS-CODE
  Khung kịch bản: Bên nhận hủy văn bản bị thu hồi (<nghiep_vu>) và thông báo cho Bên gửi
    Theo đoạn hai khoản 2 Điều 9 QĐ 28/2018/QĐ-TTg: "Trường hợp nhận được thông báo thu hồi văn bản
    điện tử, Bên nhận có trách nhiệm hủy bỏ văn bản điện tử được thu hồi đó trên hệ thống quản lý
    văn bản và điều hành, đồng thời thông báo việc đã xử lý văn bản điện tử được thu hồi thông qua
    hệ thống quản lý văn bản và điều hành để Bên gửi biết". Khoản 3 Điều 7 Quy chế tỉnh Lào Cai
    (2019) quy định tương tự. Thông báo thu hồi đến bằng gói tin trạng thái 13 hoặc gói tin nghiệp
    vụ loại 1; Bên nhận phải hiểu cả hai.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan A" gửi gói tin "<nghiep_vu>" cho văn bản "VB1" với lý do "Thu hồi do ban hành nhầm nơi nhận"
    Và hệ thống được kiểm thử đồng ý yêu cầu "thu hồi" đối với văn bản "VB1"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "15" cho văn bản "VB1"
    Và phản hồi trạng thái "15" của hệ thống đạt quy tắc "QCVN102-STATUS-CODE"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "đã hủy"

    Dữ liệu:
      | nghiep_vu                  |
      | thu hồi bằng trạng thái 13 |
      | thu hồi bằng nghiệp vụ 1   |

  @sut_nhan @QD28-8.2 @DN35-5 @QD28-9.2
  Kịch bản: Thông báo thu hồi không phải của Bên gửi văn bản không làm hủy văn bản
    Theo khoản 2 Điều 8 QĐ 28/2018/QĐ-TTg, việc thu hồi là của Bên gửi. Theo khoản 2 Điều 5 Quy định
    kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, nghiêm cấm "truy nhập, thay đổi, giả mạo, sao chép, tiết
    lộ, gửi, hủy trái phép một phần hoặc toàn bộ văn bản điện tử được trao đổi". Một cơ quan khác
    không thể hủy văn bản Bên gửi đã gửi cho hệ thống.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan B" gửi gói tin "thu hồi bằng nghiệp vụ 1" cho văn bản "VB1" với lý do "Thu hồi văn bản"
    Thì trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "15" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" không thay đổi

  @sut_nhan @kha_nang_cap_nhat @QD28-9.2 @QCVN102-STATUS-CODE
  Kịch bản: Bên nhận đồng ý cập nhật văn bản đã nhận
    QCVN 102:2016/BTTTT (tóm tắt): Bên gửi cập nhật văn bản bằng gói tin nghiệp vụ loại 2; Bên nhận
    trả lời 15 khi đồng ý. Theo khoản 2 Điều 9 QĐ 28/2018/QĐ-TTg, Bên nhận phản hồi trạng thái xử lý
    văn bản trên hệ thống.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan A" gửi gói tin "cập nhật bằng nghiệp vụ 2" cho văn bản "VB1" với lý do "Đính chính trích yếu văn bản"
    Và hệ thống được kiểm thử đồng ý yêu cầu "cập nhật" đối với văn bản "VB1"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "15" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "đã cập nhật"

  @sut_nhan @kha_nang_cap_nhat @QCVN102-STATUS-REASON @QCVN102-STATUS-CODE
  Kịch bản: Bên nhận từ chối yêu cầu cập nhật và nêu lý do
    QCVN 102:2016/BTTTT (tóm tắt): mã 16 là từ chối cập nhật, lấy lại, thu hồi; gói tin trạng thái
    16 phải nêu lý do trong phần mô tả để Bên gửi biết vì sao.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan A" gửi gói tin "cập nhật bằng nghiệp vụ 2" cho văn bản "VB1" với lý do "Bổ sung nội dung mục 3"
    Và hệ thống được kiểm thử từ chối yêu cầu "cập nhật" đối với văn bản "VB1" với lý do "Văn bản đã được triển khai thực hiện"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "16" cho văn bản "VB1"
    Và phản hồi trạng thái "16" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"

  @sut_nhan @kha_nang_thay_the @QD28-9.2 @QCVN102-STATUS-CODE
  Kịch bản: Bên nhận đồng ý thay thế văn bản đã nhận bằng văn bản mới
    QCVN 102:2016/BTTTT (tóm tắt): gói tin nghiệp vụ loại 3 mang văn bản mới và mã định danh của văn
    bản bị thay thế; Bên nhận trả lời 15 khi đồng ý và văn bản cũ được đánh dấu đã bị thay thế.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan A" gửi gói tin "thay thế bằng nghiệp vụ 3" cho văn bản "VB1" với lý do "Thay thế do sai số liệu"
    Và hệ thống được kiểm thử đồng ý yêu cầu "thay thế" đối với văn bản "VB1"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "15" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "đã bị thay thế"
